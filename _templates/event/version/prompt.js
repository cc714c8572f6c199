// Checks the flag and reads the event's newest version before a file is written (see tools/generators).
require('tsx/cjs/api').register();
const { eventVersionParams, hygenHooks } = require('../../../tools/generators/src/index.ts');

module.exports = hygenHooks(eventVersionParams);
