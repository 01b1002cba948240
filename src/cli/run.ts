/** Process entry of the `yibao-pos` command (bin/yibao-pos loads this). */
import { main } from './main.js';

await main(process.argv);
