module.exports = { ...require('../../../../jest.preset.js'), displayName: 'media-create-thumbnail' };
