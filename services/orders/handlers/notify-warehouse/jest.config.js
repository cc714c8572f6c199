module.exports = { ...require('../../../../jest.preset.js'), displayName: 'orders-notify-warehouse' };
