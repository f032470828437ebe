// The hostile-input corpus through every command option, part 1 of 2 (see helpers/hostile-options.ts).
import { hostileOptionSuite } from './helpers/hostile-options.js';

hostileOptionSuite(0, 2);
