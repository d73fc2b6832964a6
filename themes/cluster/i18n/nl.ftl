# Nederlands. Vertaald uit het Engels (en.ftl); na te lezen door een moedertaalspreker.
skip-link = Direct naar de hoofdinhoud
search-label = Zoeken in de hub
search-button = Zoeken
menu = Menu
nav-map = Kaart
browse-by = Bladeren op
edit-page = Deze pagina bewerken
footer-explore = Verkennen
home = Startpagina
languages-label = Taal
untranslated = Nog niet vertaald: deze pagina wordt getoond in de oorspronkelijke taal, { $language }.
term-count = { $count ->
    [one] { $count } term
   *[other] { $count } termen
}
