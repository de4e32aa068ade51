// course.js — what a course page adds for an embed.html iframe: grow it to the height it posts.
addEventListener('message', (event) => {
  if (event.data?.type !== 'attention-explorer:resize') return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) frame.height = String(event.data.height);
  }
});
