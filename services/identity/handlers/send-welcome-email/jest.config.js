module.exports = { ...require('../../../../jest.preset.js'), displayName: 'identity-send-welcome-email' };
