// words/command.js: the words of tips, tasks, the daily report and the dashboard
// (../i18n-command.js), added to the UI's messages when the first page, component or helper that
// shows them is loaded: each of those imports this file.
import words from '../i18n-command.js'
import { addWords } from '../i18n.js'

addWords(words)
