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
term-count = { $count ->
    [one] { $count } termine
   *[other] { $count } termini
}
