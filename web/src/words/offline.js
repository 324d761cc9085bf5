// words/offline.js: the words of the field app's offline side (../i18n-offline.js: the sync bar, the
// queue, the logout warning), added to the UI's messages by the pages and components showing them.
import words from '../i18n-offline.js'
import { addWords } from '../i18n.js'

addWords(words)
