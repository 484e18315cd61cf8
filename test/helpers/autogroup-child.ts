// Child process for test/process-priority.test.ts: lowers its autogroup to nice 19 and prints the
// outcome and the group it is in afterwards.
import { lowerOwnAutogroup, ownAutogroup } from '../../server/src/autogroup.js';

const outcome = lowerOwnAutogroup(19);
process.stdout.write(`${JSON.stringify({ outcome, group: ownAutogroup() })}\n`);
