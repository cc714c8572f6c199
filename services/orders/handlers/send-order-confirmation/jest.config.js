module.exports = { ...require('../../../../jest.preset.js'), displayName: 'orders-send-order-confirmation' };
