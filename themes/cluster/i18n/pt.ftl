# Português (europeu). Traduzido do inglês (en.ftl); a rever por um falante nativo.
skip-link = Saltar para o conteúdo principal
search-label = Pesquisar no hub
search-button = Pesquisar
menu = Menu
nav-map = Mapa
browse-by = Explorar por
edit-page = Editar esta página
footer-explore = Explorar
home = Início
languages-label = Idioma
untranslated = Ainda não traduzida: a página é apresentada na língua original, { $language }.
term-count = { $count ->
    [one] { $count } termo
   *[other] { $count } termos
}
