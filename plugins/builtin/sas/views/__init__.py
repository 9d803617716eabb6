"""The SAS screens, under /sas/ (register_urls). Every view checks the user's role."""
