// words/lists.js: the words of list matching (../i18n-lists.js), added to the UI's messages when
// the first page, component or helper that shows them is loaded: each of those imports this file.
import words from '../i18n-lists.js'
import { addWords } from '../i18n.js'

addWords(words)
