# The cluster theme's own words in English, the fallback of every other
# language. Templates call them as {{ t(key="skip-link") }}; a `{ $name }`
# is an argument of the call (t(key="term-count", count=3)).
skip-link = Skip to main content
search-label = Search the hub
search-button = Search
menu = Menu
nav-map = Map
browse-by = Browse by
edit-page = Edit this page
footer-explore = Explore
home = Home
languages-label = Language
untranslated = Not translated yet: shown in its original language, { $language }.
translation-stale = This translation may be out of date: the original was changed after it was made (original last updated { $date }).
translation-stale-undated = This translation may be out of date: the original was changed after it was made.
translation-stale-link = Read the original ({ $language })
narrow-by = Narrow by { $facets }
narrow-or = or
listing-empty = There is nothing in { $collection } yet.
narrow-show-all = Show all
narrow-show-more = Show more
narrow-none = No { $collection } have all the values chosen.
narrow-match = { $count ->
    [one] { $count } { $singular } matches.
   *[other] { $count } { $collection } match.
}
narrow-showing = Showing the first { $shown }.
term-count = { $count ->
    [one] { $count } term
   *[other] { $count } terms
}

## The frame: navigation and footer
nav-main = Main
nav-by-taxonomy = By { $taxonomy }
footer-about-hub = About the hub
footer-follow = Follow and contribute
# A feed's link: { $name } is a collection's label.
feed-of = { $name } (Atom feed)
feed-of-page = Everything about { $title } (Atom feed)
propose-footer = Propose a { $singular } (a form on GitHub, no git needed)
footer-open-data = Open data: JSON, CSV and GeoJSON exports
footer-repository = Source and content repository
footer-funding = Funding
grant-agreement = grant agreement { $number }
footer-publisher = Published by { $publisher }.
footer-contact = Contact:
# Before and after the licence's link: "Text and data on this site: CC-BY-4.0, unless a page says otherwise."
footer-licence = Text and data on this site:
footer-licence-after = , unless a page says otherwise.
footer-built = Built with clusterhub. Content is maintained by the cluster partners.

## Page not found
not-found = Page not found
not-found-lede = There is no page at this address. It may have been moved or renamed, or the address may be mistyped.
# Around the link to the home page: "You could start again from the <Hub> home page, or look in one of these sections:"
not-found-start = You could start again from the
not-found-home = { $site } home page
not-found-sections = , or look in one of these sections:

## The home page
home-search-label = Search case studies, methods, cities and news
home-ways-in = Ways in
home-map-text = Where the work is: every city with its case studies.
home-also = Also in the hub:
home-featured = Featured { $collection }
home-latest = Latest { $collection }
home-all = All { $collection }
home-all-count = All { $count } { $collection }
atom-feed = Atom feed
# After "Atom feed", "JSON", "CSV", for screen readers.
atom-feed-of = of { $collection }
browse-by-topic = Browse by topic

## Search
search-lede = Search every case study, method, city, project and news item. Narrow the results with the filters.
search-for = Search for
search-more = Show more results
search-filters = Filters
# Without JavaScript: "Search needs JavaScript. You can browse case studies, methods, by domains, or the home page."
search-no-script = Search needs JavaScript. You can browse
search-no-script-by = by
search-no-script-or = or the
search-no-script-home = home page

## The map
map-title = Map of { $collection }
map-description = Map of the { $collection } of { $site } with their { $counted }.
map-lede = { $count } { $collection }.
map-lede-counted = { $count } { $collection } with { $counted }; a bigger circle means more { $counted }.
map-select = Select a circle to open its page, or use the list below the map.
map-colours = Colours
map-credit = Outline of land: Natural Earth (public domain). Move the pointer over a circle, or tab to it, to see its name.
map-as-list = { $collection } as a list
map-no-coordinates = no coordinates, not on the map
map-outside = outside the map area

## Taxonomies, terms, listings
pages-word = { $count ->
    [one] page
   *[other] pages
}
page-count = { $count ->
    [one] { $count } page
   *[other] { $count } pages
}
taxonomy-empty = No page uses this taxonomy yet.
other-ways = Other ways to browse
page-of = page { $current } of { $total }
term-description = { $count ->
    [one] { $count } page about { $term } ({ $taxonomy }) in { $site }.
   *[other] { $count } pages about { $term } ({ $taxonomy }) in { $site }.
}
jump-to = Jump to
term-empty = No page has this term yet.
subscribe-to = Subscribe to { $collection } (Atom feed)
propose = Propose a { $singular }
draft = Draft.
draft-notice = This page is not finished and may change.

## Item pages
backlinks-fallback = { $collection } that name this { $singular } under “{ $field }”
breadcrumb = Breadcrumb
timeline = Timeline
outcomes = Outcomes so far
lessons = Lessons
updated = Updated
reading-time = { $minutes } min read
key-facts = Key facts
location = Location
location-on-map = { $place } on the cluster map
# Compass points after a latitude or longitude: 45.46° N, 9.19° E
north = N
south = S
east = E
west = W
details = Details
related = Related
sources = Sources
on-this-page = On this page
more-of = More { $collection }
newer = Newer
older = Older
previous = Previous
next = Next
when-and-where = When and where
when = When
where = Where
# The first and last day of an event: "3 June 2025 to 5 June 2025"
date-range = { $start } to { $end }
as-of = as of { $date }
budget = Budget
public-contact = Public contact
mission-city = Cities Mission city
mission-label = EU Mission Label
coordinates = Coordinates
show-on-osm = Show { $place } on OpenStreetMap
go-to = Go to { $title }
external-website = external website
method-used-heading = Case studies using this method
method-used-in = In { $studies ->
    [one] { $studies } case study
   *[other] { $studies } case studies
} across { $cities ->
    [one] { $cities } city
   *[other] { $cities } cities
}:
method-unused = No case study in this hub lists this method yet.
visit-website-of = Visit the website of { $title }
support-platform = Support platform
hub-holds-about = What this hub holds about { $title }
visit-website = Visit the { $name } website
on-cordis = { $name } on CORDIS

## Pagination
pagination = Pagination
page-number = Page
page-of-status = Page { $current } of { $total }

## Exports (the open data page)
exports-downloads = Downloads
exports-collection = Collection
exports-pages = Pages
exports-index = The index of every export
exports-index-text = (JSON): each file's address, and each collection's fields and their types, including the GeoJSON file of the places on the map.

## Proposing a page (the Contribute page)
propose-heading = Propose a page without git
propose-text = Fill in a form on GitHub (you need a free GitHub account, nothing else). Once an editor accepts your proposal, the page is made from your answers and checked; if something needs correcting, you get a comment on your proposal saying what.

## Page descriptions for search engines and social cards
term-og-description = { $count } pages about { $term } in { $site }.
map-og-description = Where the { $collection } of { $site } are, with their { $counted }.

## Dates: "12 March 2024", "March 2024"
date-day = { $day } { $month } { $year }
date-month = { $month } { $year }
month-01 = January
month-02 = February
month-03 = March
month-04 = April
month-05 = May
month-06 = June
month-07 = July
month-08 = August
month-09 = September
month-10 = October
month-11 = November
month-12 = December

## The search page's script (static/search.js)
search-error = The search index could not be loaded.
search-prompt = Type a word or pick a filter.
search-none = No results.
search-filter-heading = Filter results
# The filter of the kind of page (case study, method...).
search-collection-filter = Collection
search-results = { $count ->
    [one] { $count } result.
   *[other] { $count } results.
}
# More results than shown: { $shown } is how many are.
search-results-showing = { $count ->
    [one] { $count } result, showing the first { $shown }.
   *[other] { $count } results, showing the first { $shown }.
}
# How many filter values are ticked.
search-selected = { $count ->
    [one] ({ $count } selected)
   *[other] ({ $count } selected)
}
