"""Funded projects as open data: public bulk CSV / JSON and their entry in the DCAT catalogue."""
