"""services.dictionary: the indicator dictionary, name matching, regions."""
