// Checks every flag before a file is written (see tools/generators).
require('tsx/cjs/api').register();
const { hygenHooks, serviceParams } = require('../../../tools/generators/src/index.ts');

module.exports = hygenHooks(serviceParams);
