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
term-count = { $count ->
    [one] { $count } Begriff
   *[other] { $count } Begriffe
}
