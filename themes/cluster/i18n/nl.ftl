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
translation-stale = Deze vertaling is mogelijk verouderd: het origineel is gewijzigd nadat ze werd gemaakt (origineel laatst bijgewerkt op { $date }).
translation-stale-undated = Deze vertaling is mogelijk verouderd: het origineel is gewijzigd nadat ze werd gemaakt.
translation-stale-link = Lees het origineel ({ $language })
narrow-by = Verfijn op { $facets }
narrow-or = of
listing-empty = Er staat nog niets in { $collection }.
narrow-show-all = Alles tonen
narrow-show-more = Meer tonen
narrow-none = Geen enkel resultaat heeft alle gekozen waarden.
narrow-match = { $count ->
    [one] { $count } resultaat.
   *[other] { $count } resultaten.
}
narrow-showing = De eerste { $shown } worden getoond.
term-count = { $count ->
    [one] { $count } term
   *[other] { $count } termen
}
