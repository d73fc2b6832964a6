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
term-count = { $count ->
    [one] { $count } term
   *[other] { $count } terms
}
