module.exports = { ...require('../../../../jest.preset.js'), displayName: 'orders-record-sale-analytics' };
