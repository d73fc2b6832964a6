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

## El marco: navegación y pie de página
nav-main = Principal
nav-by-taxonomy = Por { $taxonomy }
footer-about-hub = Sobre el hub
footer-follow = Seguir y contribuir
feed-of = { $name } (canal Atom)
feed-of-page = Todo sobre { $title } (canal Atom)
propose-footer = Proponer: { $singular } (un formulario en GitHub, sin necesidad de git)
footer-open-data = Datos abiertos: exportaciones JSON, CSV y GeoJSON
footer-repository = Repositorio del código y los contenidos
footer-funding = Financiación
grant-agreement = acuerdo de subvención { $number }
footer-publisher = Publicado por { $publisher }.
footer-contact = Contacto:
footer-licence = Textos y datos de este sitio:
footer-licence-after = , salvo que una página indique otra cosa.
footer-built = Hecho con clusterhub. Los socios del clúster mantienen los contenidos.

## Página no encontrada
not-found = Página no encontrada
not-found-lede = No hay ninguna página en esta dirección. Puede que se haya movido o cambiado de nombre, o que la dirección esté mal escrita.
not-found-start = Puede volver a empezar desde la
not-found-home = página de inicio de { $site }
not-found-sections = , o buscar en una de estas secciones:

## La página de inicio
home-search-label = Buscar casos de estudio, métodos, ciudades y noticias
home-ways-in = Puntos de entrada
home-map-text = Dónde se trabaja: cada ciudad con sus casos de estudio.
home-also = También en el hub:
home-featured = Destacados: { $collection }
home-latest = Lo más reciente: { $collection }
home-all = Todo: { $collection }
home-all-count = Todos ({ $count }): { $collection }
atom-feed = Canal Atom
atom-feed-of = de { $collection }
browse-by-topic = Explorar por tema

## Búsqueda
search-lede = Busque en todos los casos de estudio, métodos, ciudades, proyectos y noticias. Acote los resultados con los filtros.
search-for = Buscar
search-more = Mostrar más resultados
search-filters = Filtros
search-no-script = La búsqueda necesita JavaScript. Puede explorar
search-no-script-by = por
search-no-script-or = o la
search-no-script-home = página de inicio

## El mapa
map-title = Mapa: { $collection }
map-description = Mapa de { $collection } de { $site }, con { $counted }.
map-lede = { $collection }: { $count }.
map-lede-counted = { $collection }: { $count }, con { $counted }; un círculo más grande significa más { $counted }.
map-select = Seleccione un círculo para abrir su página, o use la lista bajo el mapa.
map-colours = Colores
map-credit = Contorno de las tierras: Natural Earth (dominio público). Pase el puntero sobre un círculo, o llegue a él con el tabulador, para ver su nombre.
map-as-list = { $collection } en una lista
map-no-coordinates = sin coordenadas, no está en el mapa
map-outside = fuera del área del mapa

## Taxonomías, términos, listados
pages-word = { $count ->
    [one] página
   *[other] páginas
}
page-count = { $count ->
    [one] { $count } página
   *[other] { $count } páginas
}
taxonomy-empty = Ninguna página usa todavía esta taxonomía.
other-ways = Otras formas de explorar
page-of = página { $current } de { $total }
term-description = { $count ->
    [one] { $count } página sobre { $term } ({ $taxonomy }) en { $site }.
   *[other] { $count } páginas sobre { $term } ({ $taxonomy }) en { $site }.
}
jump-to = Ir a
term-empty = Ninguna página tiene todavía este término.
subscribe-to = Suscribirse: { $collection } (canal Atom)
propose = Proponer: { $singular }
draft = Borrador.
draft-notice = Esta página no está terminada y puede cambiar.

## Páginas
backlinks-fallback = { $collection } que nombran esta entrada ({ $singular }) en «{ $field }»
breadcrumb = Ruta de navegación
timeline = Cronología
outcomes = Resultados hasta ahora
lessons = Lecciones aprendidas
updated = Actualizado el
reading-time = { $minutes } min de lectura
key-facts = Datos clave
location = Ubicación
location-on-map = { $place } en el mapa del clúster
north = N
south = S
east = E
west = O
details = Detalles
related = Contenido relacionado
sources = Fuentes
on-this-page = En esta página
more-of = Más: { $collection }
newer = Más reciente
older = Más antiguo
previous = Anterior
next = Siguiente
when-and-where = Cuándo y dónde
when = Cuándo
where = Dónde
date-range = del { $start } al { $end }
as-of = situación a { $date }
budget = Presupuesto
public-contact = Contacto público
mission-city = Ciudad de la Misión Ciudades
mission-label = Sello de la Misión de la UE
coordinates = Coordenadas
show-on-osm = Ver { $place } en OpenStreetMap
go-to = Ir a { $title }
external-website = sitio web externo
method-used-heading = Casos de estudio que usan este método
method-used-in = En { $studies ->
    [one] { $studies } caso de estudio
   *[other] { $studies } casos de estudio
} de { $cities ->
    [one] { $cities } ciudad
   *[other] { $cities } ciudades
}:
method-unused = Ningún caso de estudio de este hub incluye todavía este método.
visit-website-of = Visitar el sitio web de { $title }
support-platform = Plataforma de apoyo
hub-holds-about = Lo que este hub contiene sobre { $title }
visit-website = Visitar el sitio web de { $name }
on-cordis = { $name } en CORDIS

## Paginación
pagination = Paginación
page-number = Página
page-of-status = Página { $current } de { $total }

## Exportaciones (la página de datos abiertos)
exports-downloads = Descargas
exports-collection = Colección
exports-pages = Páginas
exports-index = El índice de todas las exportaciones
exports-index-text = (JSON): la dirección de cada archivo y los campos de cada colección con sus tipos, incluido el archivo GeoJSON de los lugares del mapa.

## Proponer una página (la página Contribuir)
propose-heading = Proponer una página sin git
propose-text = Rellene un formulario en GitHub (solo necesita una cuenta gratuita de GitHub). Cuando un editor acepta su propuesta, la página se crea a partir de sus respuestas y se comprueba; si hay algo que corregir, recibe un comentario en su propuesta que dice qué.

## Descripciones de las páginas para buscadores y redes sociales
term-og-description = { $count ->
    [one] { $count } página sobre { $term } en { $site }.
   *[other] { $count } páginas sobre { $term } en { $site }.
}
map-og-description = Dónde están { $collection } de { $site }, con { $counted }.

## Fechas: "12 de marzo de 2024", "marzo de 2024"
date-day = { $day } de { $month } de { $year }
date-month = { $month } de { $year }
month-01 = enero
month-02 = febrero
month-03 = marzo
month-04 = abril
month-05 = mayo
month-06 = junio
month-07 = julio
month-08 = agosto
month-09 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

## El script de la página de búsqueda (static/search.js)
search-error = No se ha podido cargar el índice de búsqueda.
search-prompt = Escriba una palabra o elija un filtro.
search-none = Ningún resultado.
search-filter-heading = Filtrar los resultados
search-collection-filter = Colección
search-results = { $count ->
    [one] { $count } resultado.
   *[other] { $count } resultados.
}
search-results-showing = { $count ->
    [one] { $count } resultado, se muestran los primeros { $shown }.
   *[other] { $count } resultados, se muestran los primeros { $shown }.
}
search-selected = { $count ->
    [one] ({ $count } seleccionado)
   *[other] ({ $count } seleccionados)
}
