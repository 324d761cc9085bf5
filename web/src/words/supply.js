// words/supply.js: the words of donations and supplies (../i18n-supply.js), added to the UI's
// messages when the first page, component or helper that shows them is loaded: each of those
// imports this file.
import words from '../i18n-supply.js'
import { addWords } from '../i18n.js'

addWords(words)
