# Italiano. Tradotto dall'inglese (en.ftl); da rivedere da un madrelingua.
skip-link = Vai al contenuto principale
search-label = Cerca nell'hub
search-button = Cerca
menu = Menu
nav-map = Mappa
browse-by = Sfoglia per
edit-page = Modifica questa pagina
footer-explore = Esplora
home = Pagina iniziale
languages-label = Lingua
untranslated = Non ancora tradotta: la pagina è mostrata nella lingua originale, { $language }.
translation-stale = Questa traduzione potrebbe non essere aggiornata: l'originale è stato modificato dopo la traduzione (ultimo aggiornamento dell'originale: { $date }).
translation-stale-undated = Questa traduzione potrebbe non essere aggiornata: l'originale è stato modificato dopo la traduzione.
translation-stale-link = Leggi l'originale ({ $language })
narrow-by = Filtra per { $facets }
narrow-or = o
listing-empty = Non c'è ancora nulla in { $collection }.
narrow-show-all = Mostra tutto
narrow-show-more = Mostra altri
narrow-none = Nessun risultato ha tutti i valori scelti.
narrow-match = { $count ->
    [one] { $count } risultato.
   *[other] { $count } risultati.
}
narrow-showing = Sono mostrati i primi { $shown }.
term-count = { $count ->
    [one] { $count } termine
   *[other] { $count } termini
}

## La cornice: navigazione e piè di pagina
nav-main = Principale
nav-by-taxonomy = Per { $taxonomy }
footer-about-hub = Informazioni sull'hub
footer-follow = Segui e contribuisci
feed-of = { $name } (feed Atom)
feed-of-page = Tutto su { $title } (feed Atom)
propose-footer = Proponi: { $singular } (un modulo su GitHub, senza bisogno di git)
footer-open-data = Dati aperti: esportazioni JSON, CSV e GeoJSON
footer-repository = Repository del codice e dei contenuti
footer-funding = Finanziamento
grant-agreement = convenzione di sovvenzione { $number }
footer-publisher = Pubblicato da { $publisher }.
footer-contact = Contatti:
footer-licence = Testi e dati di questo sito:
footer-licence-after = , salvo diversa indicazione nella pagina.
footer-built = Realizzato con clusterhub. I contenuti sono curati dai partner del cluster.

## Pagina non trovata
not-found = Pagina non trovata
not-found-lede = Non c'è nessuna pagina a questo indirizzo. Potrebbe essere stata spostata o rinominata, oppure l'indirizzo potrebbe contenere un errore.
not-found-start = Puoi ricominciare dalla
not-found-home = pagina iniziale di { $site }
not-found-sections = , oppure cercare in una di queste sezioni:

## La pagina iniziale
home-search-label = Cerca casi di studio, metodi, città e notizie
home-ways-in = Punti di accesso
home-map-text = Dove si svolge il lavoro: ogni città con i suoi casi di studio.
home-also = Nell'hub anche:
home-featured = In evidenza: { $collection }
home-latest = Più recenti: { $collection }
home-all = Tutto: { $collection }
home-all-count = Tutti ({ $count }): { $collection }
atom-feed = Feed Atom
atom-feed-of = di { $collection }
browse-by-topic = Sfoglia per argomento

## Ricerca
search-lede = Cerca in tutti i casi di studio, metodi, città, progetti e notizie. Restringi i risultati con i filtri.
search-for = Cerca
search-more = Mostra altri risultati
search-filters = Filtri
search-no-script = La ricerca richiede JavaScript. Puoi sfogliare
search-no-script-by = per
search-no-script-or = oppure la
search-no-script-home = pagina iniziale

## La mappa
map-title = Mappa: { $collection }
map-description = Mappa di { $collection } di { $site }, con { $counted }.
map-lede = { $collection }: { $count }.
map-lede-counted = { $collection }: { $count }, con { $counted }; un cerchio più grande indica più { $counted }.
map-select = Seleziona un cerchio per aprirne la pagina, oppure usa l'elenco sotto la mappa.
map-colours = Colori
map-credit = Contorno delle terre emerse: Natural Earth (pubblico dominio). Passa il puntatore su un cerchio, o raggiungilo con il tasto Tab, per vederne il nome.
map-as-list = { $collection } in elenco
map-no-coordinates = senza coordinate, non sulla mappa
map-outside = fuori dall'area della mappa

## Tassonomie, termini, elenchi
pages-word = { $count ->
    [one] pagina
   *[other] pagine
}
page-count = { $count ->
    [one] { $count } pagina
   *[other] { $count } pagine
}
taxonomy-empty = Nessuna pagina usa ancora questa tassonomia.
other-ways = Altri modi di sfogliare
page-of = pagina { $current } di { $total }
term-description = { $count ->
    [one] { $count } pagina su { $term } ({ $taxonomy }) in { $site }.
   *[other] { $count } pagine su { $term } ({ $taxonomy }) in { $site }.
}
jump-to = Vai a
term-empty = Nessuna pagina ha ancora questo termine.
subscribe-to = Iscriviti: { $collection } (feed Atom)
propose = Proponi: { $singular }
draft = Bozza.
draft-notice = Questa pagina non è finita e può cambiare.

## Pagine
backlinks-fallback = { $collection } che indicano questa voce ({ $singular }) in “{ $field }”
breadcrumb = Percorso
timeline = Cronologia
outcomes = Risultati finora
lessons = Lezioni apprese
updated = Aggiornato il
reading-time = { $minutes } min di lettura
key-facts = Dati principali
location = Posizione
location-on-map = { $place } sulla mappa del cluster
north = N
south = S
east = E
west = O
details = Dettagli
related = Contenuti correlati
sources = Fonti
on-this-page = In questa pagina
more-of = Altro: { $collection }
newer = Più recente
older = Meno recente
previous = Precedente
next = Successivo
when-and-where = Quando e dove
when = Quando
where = Dove
date-range = dal { $start } al { $end }
as-of = situazione a { $date }
budget = Budget
public-contact = Contatto pubblico
mission-city = Città della Missione Città
mission-label = Label della Missione UE
coordinates = Coordinate
show-on-osm = Mostra { $place } su OpenStreetMap
go-to = Vai a { $title }
external-website = sito esterno
method-used-heading = Casi di studio che usano questo metodo
method-used-in = In { $studies ->
    [one] { $studies } caso di studio
   *[other] { $studies } casi di studio
} in { $cities ->
    [one] { $cities } città
   *[other] { $cities } città
}:
method-unused = Nessun caso di studio di questo hub indica ancora questo metodo.
visit-website-of = Visita il sito web di { $title }
support-platform = Piattaforma di supporto
hub-holds-about = Cosa contiene questo hub su { $title }
visit-website = Visita il sito web di { $name }
on-cordis = { $name } su CORDIS

## Paginazione
pagination = Paginazione
page-number = Pagina
page-of-status = Pagina { $current } di { $total }

## Esportazioni (la pagina dei dati aperti)
exports-downloads = Download
exports-collection = Raccolta
exports-pages = Pagine
exports-index = L'indice di tutte le esportazioni
exports-index-text = (JSON): l'indirizzo di ogni file, e i campi di ogni raccolta con i loro tipi, compreso il file GeoJSON dei luoghi sulla mappa.

## Proporre una pagina (la pagina Contribuisci)
propose-heading = Proponi una pagina senza git
propose-text = Compila un modulo su GitHub (serve solo un account GitHub gratuito). Quando un redattore accetta la tua proposta, la pagina viene creata dalle tue risposte e controllata; se c'è qualcosa da correggere, ricevi un commento sulla proposta che spiega cosa.

## Descrizioni delle pagine per motori di ricerca e anteprime social
term-og-description = { $count ->
    [one] { $count } pagina su { $term } in { $site }.
   *[other] { $count } pagine su { $term } in { $site }.
}
map-og-description = Dove si trovano { $collection } di { $site }, con { $counted }.

## Date: "12 marzo 2024", "marzo 2024"
date-day = { $day } { $month } { $year }
date-month = { $month } { $year }
month-01 = gennaio
month-02 = febbraio
month-03 = marzo
month-04 = aprile
month-05 = maggio
month-06 = giugno
month-07 = luglio
month-08 = agosto
month-09 = settembre
month-10 = ottobre
month-11 = novembre
month-12 = dicembre

## Lo script della pagina di ricerca (static/search.js)
search-error = Non è stato possibile caricare l'indice di ricerca.
search-prompt = Scrivi una parola o scegli un filtro.
search-none = Nessun risultato.
search-filter-heading = Filtra i risultati
search-collection-filter = Raccolta
search-results = { $count ->
    [one] { $count } risultato.
   *[other] { $count } risultati.
}
search-results-showing = { $count ->
    [one] { $count } risultato, mostrati i primi { $shown }.
   *[other] { $count } risultati, mostrati i primi { $shown }.
}
search-selected = { $count ->
    [one] ({ $count } selezionato)
   *[other] ({ $count } selezionati)
}
