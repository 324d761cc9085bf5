// styles.js: the entry's stylesheets, which index.html loads without holding up its first paint
// (`media="print"`, see vite.config.js), switched on before the app mounts.

// appStyles applies each and resolves once all have arrived; one that fails to load resolves too,
// since a page drawn without its styles is still better than the emblem for ever.
export function appStyles() {
  const links = document.querySelectorAll('link[data-app]')
  return Promise.all(
    Array.from(links, (link) => {
      link.media = 'all'
      if (link.sheet) return undefined
      return new Promise((resolve) => {
        link.addEventListener('load', resolve, { once: true })
        link.addEventListener('error', resolve, { once: true })
      })
    })
  )
}
