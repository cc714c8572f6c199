// Checks every flag and resolves the contract before a file is written (see tools/generators/src/api.ts).
require('tsx/cjs/api').register();
const { apiParams, hygenHooks } = require('../../../tools/generators/src/index.ts');

module.exports = hygenHooks(apiParams);
