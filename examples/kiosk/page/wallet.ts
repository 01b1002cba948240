/**
 * The test wallet (simulator mode): draws a fresh voucher QR for a test
 * person, to hold up to the kiosk camera from a second window or a phone.
 *
 * @module
 */
interface Person {
  case: string;
  name: string;
  sub: string;
}

const persons = document.getElementById('persons')!;
const qr = document.getElementById('qr')!;
const who = document.getElementById('who')!;

/** The secret the service wrote into this page (see main.ts). */
const SESSION = document.querySelector<HTMLMetaElement>('meta[name="kiosk-session"]')?.content ?? '';

async function show(p: Person): Promise<void> {
  const res = await fetch('/api/wallet/code', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kiosk-Session': SESSION }, body: JSON.stringify({ sub: p.sub }) });
  const { svg } = (await res.json()) as { svg: string };
  who.textContent = `${p.name} (${p.case})`;
  // The SVG is drawn by the local service from a voucher it just issued.
  qr.innerHTML = svg;
}

void fetch('/api/wallet/persons', { headers: { 'X-Kiosk-Session': SESSION } })
  .then((r) => r.json() as Promise<Person[]>)
  .then((list) => {
    for (const p of list) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary';
      b.textContent = `${p.name} · ${p.case}`;
      b.addEventListener('click', () => void show(p));
      persons.append(b);
    }
  });
