module.exports = { ...require('../../../../jest.preset.js'), displayName: 'notifications-notify-customer' };
