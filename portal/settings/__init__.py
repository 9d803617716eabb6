"""Settings split by environment: base, dev, production, test (chosen by DJANGO_SETTINGS_MODULE)."""
