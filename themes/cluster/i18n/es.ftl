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
term-count = { $count ->
    [one] { $count } término
   *[other] { $count } términos
}
