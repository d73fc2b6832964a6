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
