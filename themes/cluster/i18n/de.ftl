# Deutsch. Aus dem Englischen (en.ftl) übersetzt; von einer Muttersprachlerin oder einem Muttersprachler zu prüfen.
skip-link = Zum Hauptinhalt springen
search-label = Im Hub suchen
search-button = Suchen
menu = Menü
nav-map = Karte
browse-by = Stöbern nach
edit-page = Diese Seite bearbeiten
footer-explore = Entdecken
home = Startseite
languages-label = Sprache
untranslated = Noch nicht übersetzt: Die Seite wird in der Originalsprache angezeigt ({ $language }).
translation-stale = Diese Übersetzung ist möglicherweise veraltet: Das Original wurde geändert, nachdem sie erstellt wurde (Original zuletzt aktualisiert am { $date }).
translation-stale-undated = Diese Übersetzung ist möglicherweise veraltet: Das Original wurde geändert, nachdem sie erstellt wurde.
translation-stale-link = Original lesen ({ $language })
narrow-by = Eingrenzen nach { $facets }
narrow-or = oder
listing-empty = In { $collection } gibt es noch nichts.
narrow-show-all = Alle anzeigen
narrow-show-more = Mehr anzeigen
narrow-none = Kein Ergebnis hat alle gewählten Werte.
narrow-match = { $count ->
    [one] { $count } Ergebnis.
   *[other] { $count } Ergebnisse.
}
narrow-showing = Die ersten { $shown } werden angezeigt.
term-count = { $count ->
    [one] { $count } Begriff
   *[other] { $count } Begriffe
}
