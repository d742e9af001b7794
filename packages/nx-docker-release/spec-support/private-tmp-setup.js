module.exports = require('./private-tmp').setUp;
