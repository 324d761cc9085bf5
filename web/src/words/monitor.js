// words/monitor.js: the words of key-person monitoring (../i18n-monitor.js), added to the UI's
// messages when the first page, component or helper that shows them is loaded: each of those
// imports this file.
import words from '../i18n-monitor.js'
import { addWords } from '../i18n.js'

addWords(words)
