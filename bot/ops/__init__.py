"""Running the bot for real: metrics, the health check and its endpoint, errors to the operator, backups, exports."""
