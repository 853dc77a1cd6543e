"""Pages of the feature in Italian."""

from tests.conftest import login
from tests.projects import fixtures


def test_italian_pages(app, client):
    w = fixtures.build()
    login(client, w.staff.email)
    html = client.get("/projects/dashboard?lang=it").get_data(as_text=True)
    assert "Cruscotto di monitoraggio" in html and "spesa molto in ritardo" in html
    assert "Progetti finanziati" in client.get("/projects").get_data(as_text=True)
    assert "Rete di collaborazione" in client.get("/ecosystem").get_data(as_text=True)
