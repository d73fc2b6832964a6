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

## Het kader: navigatie en voettekst
nav-main = Hoofdmenu
nav-by-taxonomy = Op { $taxonomy }
footer-about-hub = Over de hub
footer-follow = Volgen en bijdragen
feed-of = { $name } (Atom-feed)
feed-of-page = Alles over { $title } (Atom-feed)
propose-footer = Voorstellen: { $singular } (een formulier op GitHub, geen git nodig)
footer-open-data = Open data: exports in JSON, CSV en GeoJSON
footer-repository = Repository van broncode en inhoud
footer-funding = Financiering
grant-agreement = subsidieovereenkomst { $number }
footer-publisher = Gepubliceerd door { $publisher }.
footer-contact = Contact:
footer-licence = Tekst en gegevens op deze site:
footer-licence-after = , tenzij een pagina iets anders vermeldt.
footer-built = Gemaakt met clusterhub. De inhoud wordt onderhouden door de partners van het cluster.

## Pagina niet gevonden
not-found = Pagina niet gevonden
not-found-lede = Er is geen pagina op dit adres. Misschien is ze verplaatst of hernoemd, of is het adres verkeerd getypt.
not-found-start = U kunt opnieuw beginnen op de
not-found-home = startpagina van { $site }
not-found-sections = , of kijken in een van deze onderdelen:

## De startpagina
home-search-label = Zoeken in casestudy's, methoden, steden en nieuws
home-ways-in = Ingangen
home-map-text = Waar het werk gebeurt: elke stad met haar casestudy's.
home-also = Ook in de hub:
home-featured = Uitgelicht: { $collection }
home-latest = Nieuwste: { $collection }
home-all = Alle: { $collection }
home-all-count = Alle { $count }: { $collection }
atom-feed = Atom-feed
atom-feed-of = van { $collection }
browse-by-topic = Bladeren op onderwerp

## Zoeken
search-lede = Zoek in alle casestudy's, methoden, steden, projecten en nieuwsberichten. Verfijn de resultaten met de filters.
search-for = Zoeken naar
search-more = Meer resultaten tonen
search-filters = Filters
search-no-script = Zoeken werkt alleen met JavaScript. U kunt bladeren in
search-no-script-by = op
search-no-script-or = of de
search-no-script-home = startpagina

## De kaart
map-title = Kaart: { $collection }
map-description = Kaart van { $collection } van { $site }, met { $counted }.
map-lede = { $collection }: { $count }.
map-lede-counted = { $collection }: { $count }, met { $counted }; een grotere cirkel betekent meer { $counted }.
map-select = Kies een cirkel om de pagina te openen, of gebruik de lijst onder de kaart.
map-colours = Kleuren
map-credit = Omtrek van het land: Natural Earth (publiek domein). Beweeg de aanwijzer over een cirkel, of ga er met Tab naartoe, om de naam te zien.
map-as-list = { $collection } als lijst
map-no-coordinates = geen coördinaten, niet op de kaart
map-outside = buiten het kaartgebied

## Taxonomieën, termen, overzichten
pages-word = { $count ->
    [one] pagina
   *[other] pagina's
}
page-count = { $count ->
    [one] { $count } pagina
   *[other] { $count } pagina's
}
taxonomy-empty = Nog geen pagina gebruikt deze taxonomie.
other-ways = Andere manieren om te bladeren
page-of = pagina { $current } van { $total }
term-description = { $count ->
    [one] { $count } pagina over { $term } ({ $taxonomy }) in { $site }.
   *[other] { $count } pagina's over { $term } ({ $taxonomy }) in { $site }.
}
jump-to = Ga naar
term-empty = Nog geen pagina heeft deze term.
subscribe-to = Abonneren: { $collection } (Atom-feed)
propose = Voorstellen: { $singular }
draft = Concept.
draft-notice = Deze pagina is niet af en kan nog veranderen.

## Pagina's
backlinks-fallback = { $collection } die deze pagina ({ $singular }) noemen onder “{ $field }”
breadcrumb = Kruimelpad
timeline = Tijdlijn
outcomes = Resultaten tot nu toe
lessons = Lessen
updated = Bijgewerkt op
reading-time = { $minutes } min lezen
key-facts = Kerngegevens
location = Locatie
location-on-map = { $place } op de kaart van het cluster
north = N
south = Z
east = O
west = W
details = Details
related = Gerelateerd
sources = Bronnen
on-this-page = Op deze pagina
more-of = Meer: { $collection }
newer = Nieuwer
older = Ouder
previous = Vorige
next = Volgende
when-and-where = Wanneer en waar
when = Wanneer
where = Waar
date-range = { $start } tot { $end }
as-of = stand van { $date }
budget = Budget
public-contact = Openbaar contact
mission-city = Stad van de Missie Steden
mission-label = EU-missielabel
coordinates = Coördinaten
show-on-osm = { $place } tonen op OpenStreetMap
go-to = Naar { $title }
external-website = externe website
method-used-heading = Casestudy's die deze methode gebruiken
method-used-in = In { $studies ->
    [one] { $studies } casestudy
   *[other] { $studies } casestudy's
} in { $cities ->
    [one] { $cities } stad
   *[other] { $cities } steden
}:
method-unused = Nog geen casestudy in deze hub noemt deze methode.
visit-website-of = Naar de website van { $title }
support-platform = Ondersteuningsplatform
hub-holds-about = Wat deze hub bevat over { $title }
visit-website = Naar de website van { $name }
on-cordis = { $name } op CORDIS

## Paginering
pagination = Paginering
page-number = Pagina
page-of-status = Pagina { $current } van { $total }

## Exports (de pagina over open data)
exports-downloads = Downloads
exports-collection = Collectie
exports-pages = Pagina's
exports-index = Het overzicht van alle exports
exports-index-text = (JSON): het adres van elk bestand, en de velden van elke collectie met hun typen, waaronder het GeoJSON-bestand van de plaatsen op de kaart.

## Een pagina voorstellen (de pagina Bijdragen)
propose-heading = Een pagina voorstellen zonder git
propose-text = Vul een formulier in op GitHub (u hebt alleen een gratis GitHub-account nodig). Zodra een redacteur uw voorstel aanvaardt, wordt de pagina gemaakt uit uw antwoorden en gecontroleerd; moet er iets verbeterd worden, dan krijgt u een reactie op uw voorstel die zegt wat.

## Beschrijvingen van pagina's voor zoekmachines en sociale media
term-og-description = { $count ->
    [one] { $count } pagina over { $term } in { $site }.
   *[other] { $count } pagina's over { $term } in { $site }.
}
map-og-description = Waar { $collection } van { $site } zich bevinden, met { $counted }.

## Datums: "12 maart 2024", "maart 2024"
date-day = { $day } { $month } { $year }
date-month = { $month } { $year }
month-01 = januari
month-02 = februari
month-03 = maart
month-04 = april
month-05 = mei
month-06 = juni
month-07 = juli
month-08 = augustus
month-09 = september
month-10 = oktober
month-11 = november
month-12 = december

## Het script van de zoekpagina (static/search.js)
search-error = De zoekindex kon niet worden geladen.
search-prompt = Typ een woord of kies een filter.
search-none = Geen resultaten.
search-filter-heading = Resultaten filteren
search-collection-filter = Collectie
search-results = { $count ->
    [one] { $count } resultaat.
   *[other] { $count } resultaten.
}
search-results-showing = { $count ->
    [one] { $count } resultaat, de eerste { $shown } worden getoond.
   *[other] { $count } resultaten, de eerste { $shown } worden getoond.
}
search-selected = { $count ->
    [one] ({ $count } gekozen)
   *[other] ({ $count } gekozen)
}
