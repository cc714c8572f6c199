module.exports = {
  ...require('../../../../jest.preset.js'),
  displayName: 'notifications-send-payment-receipt',
};
