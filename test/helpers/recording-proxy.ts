/**
 * A recording proxy on loopback: forwards every request to a target and
 * keeps each JSON body it carried, so a test reads what the gateway received.
 */
import { createServer, request, type Server } from 'node:http';

export interface Recorded {
  path: string;
  body: Record<string, unknown> & { infno?: string; input?: Record<string, unknown> };
}

export async function recordingProxy(target: string): Promise<{ url: string; received: Recorded[]; byInfno(infno: string): Recorded['body'][]; close(): Promise<void> }> {
  const received: Recorded[] = [];
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      try {
        received.push({ path: req.url ?? '', body: JSON.parse(raw.toString('utf8')) as Recorded['body'] });
      } catch {
        received.push({ path: req.url ?? '', body: {} });
      }
      const out = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      out.end(raw);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    byInfno: (infno) => received.filter((r) => r.body.infno === infno).map((r) => r.body),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
