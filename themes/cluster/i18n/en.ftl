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
