# Español. Traducido del inglés (en.ftl); pendiente de revisión por un hablante nativo.
skip-link = Saltar al contenido principal
search-label = Buscar en el hub
search-button = Buscar
menu = Menú
nav-map = Mapa
browse-by = Explorar por
edit-page = Editar esta página
footer-explore = Explorar
home = Inicio
languages-label = Idioma
untranslated = Aún sin traducir: la página se muestra en su idioma original, { $language }.
translation-stale = Es posible que esta traducción no esté actualizada: el original se modificó después de traducirse (última actualización del original: { $date }).
translation-stale-undated = Es posible que esta traducción no esté actualizada: el original se modificó después de traducirse.
translation-stale-link = Leer el original ({ $language })
narrow-by = Filtrar por { $facets }
narrow-or = o
listing-empty = Todavía no hay nada en { $collection }.
narrow-show-all = Mostrar todo
narrow-show-more = Mostrar más
narrow-none = Ningún resultado tiene todos los valores elegidos.
narrow-match = { $count ->
    [one] { $count } resultado.
   *[other] { $count } resultados.
}
narrow-showing = Se muestran los primeros { $shown }.
term-count = { $count ->
    [one] { $count } término
   *[other] { $count } términos
}
