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

## A moldura: navegação e rodapé
nav-main = Principal
nav-by-taxonomy = Por { $taxonomy }
footer-about-hub = Sobre o hub
footer-follow = Seguir e contribuir
feed-of = { $name } (feed Atom)
feed-of-page = Tudo sobre { $title } (feed Atom)
propose-footer = Propor: { $singular } (um formulário no GitHub, sem precisar de git)
footer-open-data = Dados abertos: exportações JSON, CSV e GeoJSON
footer-repository = Repositório do código e dos conteúdos
footer-funding = Financiamento
grant-agreement = convenção de subvenção { $number }
footer-publisher = Publicado por { $publisher }.
footer-contact = Contacto:
footer-licence = Textos e dados deste sítio:
footer-licence-after = , salvo indicação em contrário numa página.
footer-built = Feito com clusterhub. Os conteúdos são mantidos pelos parceiros do cluster.

## Página não encontrada
not-found = Página não encontrada
not-found-lede = Não existe nenhuma página neste endereço. Pode ter sido movida ou mudado de nome, ou o endereço pode estar mal escrito.
not-found-start = Pode recomeçar a partir da
not-found-home = página inicial de { $site }
not-found-sections = , ou procurar numa destas secções:

## A página inicial
home-search-label = Pesquisar casos de estudo, métodos, cidades e notícias
home-ways-in = Pontos de entrada
home-map-text = Onde decorre o trabalho: cada cidade com os seus casos de estudo.
home-also = Também no hub:
home-featured = Em destaque: { $collection }
home-latest = Mais recentes: { $collection }
home-all = Tudo: { $collection }
home-all-count = Todos ({ $count }): { $collection }
atom-feed = Feed Atom
atom-feed-of = de { $collection }
browse-by-topic = Explorar por tema

## Pesquisa
search-lede = Pesquise em todos os casos de estudo, métodos, cidades, projetos e notícias. Restrinja os resultados com os filtros.
search-for = Pesquisar
search-more = Mostrar mais resultados
search-filters = Filtros
search-no-script = A pesquisa precisa de JavaScript. Pode explorar
search-no-script-by = por
search-no-script-or = ou a
search-no-script-home = página inicial

## O mapa
map-title = Mapa: { $collection }
map-description = Mapa de { $collection } de { $site }, com { $counted }.
map-lede = { $collection }: { $count }.
map-lede-counted = { $collection }: { $count }, com { $counted }; um círculo maior significa mais { $counted }.
map-select = Selecione um círculo para abrir a sua página, ou use a lista por baixo do mapa.
map-colours = Cores
map-credit = Contorno das terras: Natural Earth (domínio público). Passe o ponteiro sobre um círculo, ou chegue a ele com a tecla Tab, para ver o seu nome.
map-as-list = { $collection } numa lista
map-no-coordinates = sem coordenadas, fora do mapa
map-outside = fora da área do mapa

## Taxonomias, termos, listagens
pages-word = { $count ->
    [one] página
   *[other] páginas
}
page-count = { $count ->
    [one] { $count } página
   *[other] { $count } páginas
}
taxonomy-empty = Nenhuma página usa ainda esta taxonomia.
other-ways = Outras formas de explorar
page-of = página { $current } de { $total }
term-description = { $count ->
    [one] { $count } página sobre { $term } ({ $taxonomy }) em { $site }.
   *[other] { $count } páginas sobre { $term } ({ $taxonomy }) em { $site }.
}
jump-to = Ir para
term-empty = Nenhuma página tem ainda este termo.
subscribe-to = Subscrever: { $collection } (feed Atom)
propose = Propor: { $singular }
draft = Rascunho.
draft-notice = Esta página não está terminada e pode mudar.

## Páginas
backlinks-fallback = { $collection } que indicam esta entrada ({ $singular }) em «{ $field }»
breadcrumb = Localização
timeline = Cronologia
outcomes = Resultados até agora
lessons = Lições aprendidas
updated = Atualizado a
reading-time = { $minutes } min de leitura
key-facts = Dados principais
location = Localização
location-on-map = { $place } no mapa do cluster
north = N
south = S
east = E
west = O
details = Detalhes
related = Conteúdos relacionados
sources = Fontes
on-this-page = Nesta página
more-of = Mais: { $collection }
newer = Mais recente
older = Mais antigo
previous = Anterior
next = Seguinte
when-and-where = Quando e onde
when = Quando
where = Onde
date-range = de { $start } a { $end }
as-of = situação em { $date }
budget = Orçamento
public-contact = Contacto público
mission-city = Cidade da Missão Cidades
mission-label = Selo da Missão da UE
coordinates = Coordenadas
show-on-osm = Ver { $place } no OpenStreetMap
go-to = Ir para { $title }
external-website = sítio externo
method-used-heading = Casos de estudo que usam este método
method-used-in = Em { $studies ->
    [one] { $studies } caso de estudo
   *[other] { $studies } casos de estudo
} de { $cities ->
    [one] { $cities } cidade
   *[other] { $cities } cidades
}:
method-unused = Nenhum caso de estudo deste hub indica ainda este método.
visit-website-of = Visitar o sítio de { $title }
support-platform = Plataforma de apoio
hub-holds-about = O que este hub contém sobre { $title }
visit-website = Visitar o sítio de { $name }
on-cordis = { $name } no CORDIS

## Paginação
pagination = Paginação
page-number = Página
page-of-status = Página { $current } de { $total }

## Exportações (a página de dados abertos)
exports-downloads = Transferências
exports-collection = Coleção
exports-pages = Páginas
exports-index = O índice de todas as exportações
exports-index-text = (JSON): o endereço de cada ficheiro e os campos de cada coleção com os seus tipos, incluindo o ficheiro GeoJSON dos locais do mapa.

## Propor uma página (a página Contribuir)
propose-heading = Propor uma página sem git
propose-text = Preencha um formulário no GitHub (só precisa de uma conta gratuita do GitHub). Quando um editor aceita a sua proposta, a página é criada a partir das suas respostas e verificada; se houver algo a corrigir, recebe um comentário na proposta a dizer o quê.

## Descrições das páginas para motores de pesquisa e redes sociais
term-og-description = { $count ->
    [one] { $count } página sobre { $term } em { $site }.
   *[other] { $count } páginas sobre { $term } em { $site }.
}
map-og-description = Onde estão { $collection } de { $site }, com { $counted }.

## Datas: "12 de março de 2024", "março de 2024"
date-day = { $day } de { $month } de { $year }
date-month = { $month } de { $year }
month-01 = janeiro
month-02 = fevereiro
month-03 = março
month-04 = abril
month-05 = maio
month-06 = junho
month-07 = julho
month-08 = agosto
month-09 = setembro
month-10 = outubro
month-11 = novembro
month-12 = dezembro

## O script da página de pesquisa (static/search.js)
search-error = Não foi possível carregar o índice de pesquisa.
search-prompt = Escreva uma palavra ou escolha um filtro.
search-none = Nenhum resultado.
search-filter-heading = Filtrar os resultados
search-collection-filter = Coleção
search-results = { $count ->
    [one] { $count } resultado.
   *[other] { $count } resultados.
}
search-results-showing = { $count ->
    [one] { $count } resultado, a mostrar os primeiros { $shown }.
   *[other] { $count } resultados, a mostrar os primeiros { $shown }.
}
search-selected = { $count ->
    [one] ({ $count } selecionado)
   *[other] ({ $count } selecionados)
}
