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
translation-stale = Esta tradução pode estar desatualizada: o original foi alterado depois de ter sido traduzido (última atualização do original: { $date }).
translation-stale-undated = Esta tradução pode estar desatualizada: o original foi alterado depois de ter sido traduzido.
translation-stale-link = Ler o original ({ $language })
narrow-by = Filtrar por { $facets }
narrow-or = ou
listing-empty = Ainda não há nada em { $collection }.
narrow-show-all = Mostrar tudo
narrow-show-more = Mostrar mais
narrow-none = Nenhum resultado tem todos os valores escolhidos.
narrow-match = { $count ->
    [one] { $count } resultado.
   *[other] { $count } resultados.
}
narrow-showing = São mostrados os primeiros { $shown }.
term-count = { $count ->
    [one] { $count } termo
   *[other] { $count } termos
}
