module.exports = {
  ...require('../../../../jest.preset.js'),
  displayName: 'notifications-notify-payment-declined',
};
