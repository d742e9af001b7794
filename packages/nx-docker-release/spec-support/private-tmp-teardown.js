module.exports = require('./private-tmp').tearDown;
