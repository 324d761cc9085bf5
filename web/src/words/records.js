// words/records.js: the words of histories, audit records and alert states (../i18n-records.js),
// added to the UI's messages when the first page, component or helper that shows them is loaded:
// each of those imports this file.
import words from '../i18n-records.js'
import { addWords } from '../i18n.js'

addWords(words)
