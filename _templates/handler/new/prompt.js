// Checks every flag and resolves the contract before a file is written (see tools/generators).
require('tsx/cjs/api').register();
const { handlerParams, hygenHooks } = require('../../../tools/generators/src/index.ts');

module.exports = hygenHooks(handlerParams);
