module.exports = { ...require('../../../../jest.preset.js'), displayName: 'orders-create-order-api' };
