"""Running the bot for real: metrics, the health check and its HTTP endpoint, errors to the operator, backups."""
