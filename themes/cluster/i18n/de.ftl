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

## Der Rahmen: Navigation und Fußzeile
nav-main = Hauptnavigation
nav-by-taxonomy = Nach { $taxonomy }
footer-about-hub = Über den Hub
footer-follow = Folgen und mitwirken
feed-of = { $name } (Atom-Feed)
feed-of-page = Alles über { $title } (Atom-Feed)
propose-footer = Vorschlagen: { $singular } (ein Formular auf GitHub, ohne git)
footer-open-data = Offene Daten: Exporte als JSON, CSV und GeoJSON
footer-repository = Repository des Quellcodes und der Inhalte
footer-funding = Förderung
grant-agreement = Finanzhilfevereinbarung { $number }
footer-publisher = Herausgegeben von { $publisher }.
footer-contact = Kontakt:
footer-licence = Texte und Daten dieser Website:
footer-licence-after = , sofern eine Seite nichts anderes angibt.
footer-built = Erstellt mit clusterhub. Die Inhalte werden von den Partnern des Clusters gepflegt.

## Seite nicht gefunden
not-found = Seite nicht gefunden
not-found-lede = Unter dieser Adresse gibt es keine Seite. Vielleicht wurde sie verschoben oder umbenannt, oder die Adresse ist falsch geschrieben.
not-found-start = Sie können neu beginnen auf der
not-found-home = Startseite von { $site }
not-found-sections = , oder in einem dieser Bereiche suchen:

## Die Startseite
home-search-label = Fallstudien, Methoden, Städte und Neuigkeiten durchsuchen
home-ways-in = Einstiege
home-map-text = Wo gearbeitet wird: jede Stadt mit ihren Fallstudien.
home-also = Außerdem im Hub:
home-featured = Ausgewählt: { $collection }
home-latest = Neueste: { $collection }
home-all = Alle: { $collection }
home-all-count = Alle { $count }: { $collection }
atom-feed = Atom-Feed
atom-feed-of = für { $collection }
browse-by-topic = Nach Thema stöbern

## Suche
search-lede = Durchsuchen Sie alle Fallstudien, Methoden, Städte, Projekte und Neuigkeiten. Grenzen Sie die Ergebnisse mit den Filtern ein.
search-for = Suchen nach
search-more = Weitere Ergebnisse anzeigen
search-filters = Filter
search-no-script = Die Suche braucht JavaScript. Sie können stöbern in
search-no-script-by = nach
search-no-script-or = oder auf der
search-no-script-home = Startseite

## Die Karte
map-title = Karte: { $collection }
map-description = Karte der { $collection } von { $site } mit ihren { $counted }.
map-lede = { $collection }: { $count }.
map-lede-counted = { $collection }: { $count }, mit { $counted }; ein größerer Kreis bedeutet mehr { $counted }.
map-select = Wählen Sie einen Kreis, um seine Seite zu öffnen, oder nutzen Sie die Liste unter der Karte.
map-colours = Farben
map-credit = Umriss der Landflächen: Natural Earth (gemeinfrei). Bewegen Sie den Zeiger über einen Kreis oder springen Sie mit der Tabulatortaste zu ihm, um seinen Namen zu sehen.
map-as-list = { $collection } als Liste
map-no-coordinates = keine Koordinaten, nicht auf der Karte
map-outside = außerhalb des Kartenausschnitts

## Taxonomien, Begriffe, Listen
pages-word = { $count ->
    [one] Seite
   *[other] Seiten
}
page-count = { $count ->
    [one] { $count } Seite
   *[other] { $count } Seiten
}
taxonomy-empty = Noch keine Seite verwendet diese Taxonomie.
other-ways = Andere Wege zum Stöbern
page-of = Seite { $current } von { $total }
term-description = { $count ->
    [one] { $count } Seite über { $term } ({ $taxonomy }) in { $site }.
   *[other] { $count } Seiten über { $term } ({ $taxonomy }) in { $site }.
}
jump-to = Springen zu
term-empty = Noch keine Seite hat diesen Begriff.
subscribe-to = Abonnieren: { $collection } (Atom-Feed)
propose = Vorschlagen: { $singular }
draft = Entwurf.
draft-notice = Diese Seite ist nicht fertig und kann sich noch ändern.

## Seiten
backlinks-fallback = { $collection }, die diesen Eintrag ({ $singular }) unter „{ $field }“ nennen
breadcrumb = Brotkrümelnavigation
timeline = Zeitleiste
outcomes = Bisherige Ergebnisse
lessons = Erkenntnisse
updated = Aktualisiert am
reading-time = { $minutes } Min. Lesezeit
key-facts = Eckdaten
location = Ort
location-on-map = { $place } auf der Karte des Clusters
north = N
south = S
east = O
west = W
details = Details
related = Verwandte Inhalte
sources = Quellen
on-this-page = Auf dieser Seite
more-of = Mehr: { $collection }
newer = Neuer
older = Älter
previous = Zurück
next = Weiter
when-and-where = Wann und wo
when = Wann
where = Wo
date-range = { $start } bis { $end }
as-of = Stand { $date }
budget = Budget
public-contact = Öffentlicher Kontakt
mission-city = Stadt der Städte-Mission
mission-label = EU-Missionslabel
coordinates = Koordinaten
show-on-osm = { $place } auf OpenStreetMap zeigen
go-to = Zu { $title }
external-website = externe Website
method-used-heading = Fallstudien, die diese Methode nutzen
method-used-in = In { $studies ->
    [one] { $studies } Fallstudie
   *[other] { $studies } Fallstudien
} aus { $cities ->
    [one] { $cities } Stadt
   *[other] { $cities } Städten
}:
method-unused = Noch keine Fallstudie in diesem Hub nennt diese Methode.
visit-website-of = Zur Website von { $title }
support-platform = Unterstützungsplattform
hub-holds-about = Was dieser Hub über { $title } enthält
visit-website = Zur Website von { $name }
on-cordis = { $name } auf CORDIS

## Seitennummerierung
pagination = Seitennummerierung
page-number = Seite
page-of-status = Seite { $current } von { $total }

## Exporte (die Seite zu offenen Daten)
exports-downloads = Downloads
exports-collection = Sammlung
exports-pages = Seiten
exports-index = Das Verzeichnis aller Exporte
exports-index-text = (JSON): die Adresse jeder Datei und die Felder jeder Sammlung mit ihren Typen, einschließlich der GeoJSON-Datei der Orte auf der Karte.

## Eine Seite vorschlagen (die Seite Mitwirken)
propose-heading = Eine Seite ohne git vorschlagen
propose-text = Füllen Sie ein Formular auf GitHub aus (Sie brauchen nur ein kostenloses GitHub-Konto). Sobald die Redaktion Ihren Vorschlag annimmt, wird die Seite aus Ihren Antworten erstellt und geprüft; muss etwas korrigiert werden, erhalten Sie einen Kommentar zu Ihrem Vorschlag, der sagt, was.

## Beschreibungen der Seiten für Suchmaschinen und soziale Medien
term-og-description = { $count ->
    [one] { $count } Seite über { $term } in { $site }.
   *[other] { $count } Seiten über { $term } in { $site }.
}
map-og-description = Wo die { $collection } von { $site } sind, mit ihren { $counted }.

## Daten: "12. März 2024", "März 2024"
date-day = { $day }. { $month } { $year }
date-month = { $month } { $year }
month-01 = Januar
month-02 = Februar
month-03 = März
month-04 = April
month-05 = Mai
month-06 = Juni
month-07 = Juli
month-08 = August
month-09 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember

## Das Skript der Suchseite (static/search.js)
search-error = Der Suchindex konnte nicht geladen werden.
search-prompt = Geben Sie ein Wort ein oder wählen Sie einen Filter.
search-none = Keine Ergebnisse.
search-filter-heading = Ergebnisse filtern
search-collection-filter = Sammlung
search-results = { $count ->
    [one] { $count } Ergebnis.
   *[other] { $count } Ergebnisse.
}
search-results-showing = { $count ->
    [one] { $count } Ergebnis, die ersten { $shown } werden angezeigt.
   *[other] { $count } Ergebnisse, die ersten { $shown } werden angezeigt.
}
search-selected = { $count ->
    [one] ({ $count } gewählt)
   *[other] ({ $count } gewählt)
}
