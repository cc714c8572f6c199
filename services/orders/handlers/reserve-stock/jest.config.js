module.exports = { ...require('../../../../jest.preset.js'), displayName: 'orders-reserve-stock' };
