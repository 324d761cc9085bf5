// words/checkpoint.js: the words of duty posts, rosters and checkpoint screenings
// (../i18n-checkpoint.js), added to the UI's messages when the first page, component or helper that
// shows them is loaded: each of those imports this file.
import words from '../i18n-checkpoint.js'
import { addWords } from '../i18n.js'

addWords(words)
