// Collaboration network (Cytoscape.js). Elements come from a data-* attribute; the tables on the
// page give the same information for screen readers and keyboard users.
(function () {
  var box = document.getElementById('network');
  if (!box || !window.cytoscape) { return; }
  var elements = JSON.parse(box.getAttribute('data-elements'));
  var orgUrl = box.getAttribute('data-org-url');
  var groupLabel = box.getAttribute('data-group-label') || '';
  var palette = ['#0066cc', '#d9364f', '#00a36c', '#cc7a00', '#7a33cc', '#008a8a', '#a6266e', '#5c6f82'];
  // Communities drawn as clusters: each community is a compound (parent) node around its
  // members, so the layout keeps a group together instead of only colouring it.
  var groups = {};
  elements.nodes.forEach(function (n) {
    if (n.data.community === undefined || n.data.community === null) { return; }
    var id = 'community-' + n.data.community;
    n.data.parent = id;
    groups[id] = groups[id] || { data: { id: id, community: n.data.community, cluster: true,
      label: (groupLabel + ' ' + (n.data.community + 1)).trim() } };
  });
  var clusters = Object.keys(groups).map(function (k) { return groups[k]; });
  var cy = window.cytoscape({
    container: box,
    elements: clusters.concat(elements.nodes, elements.edges),
    style: [
      { selector: 'node', style: {
        'label': 'data(label)', 'font-size': 8, 'width': 'mapData(degree, 0, 50, 8, 40)',
        'height': 'mapData(degree, 0, 50, 8, 40)',
        'background-color': function (n) { return palette[n.data('community') % palette.length]; } } },
      { selector: ':parent', style: {
        'label': 'data(label)', 'font-size': 10, 'text-valign': 'top', 'color': '#33475b',
        'background-opacity': 0.07, 'border-width': 1, 'shape': 'round-rectangle',
        'background-color': function (n) { return palette[n.data('community') % palette.length]; },
        'border-color': function (n) { return palette[n.data('community') % palette.length]; } } },
      { selector: 'edge', style: { 'width': 'mapData(weight, 1, 10, 0.5, 6)', 'line-color': '#bbb', 'opacity': 0.6 } }
    ],
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: 8000 }
  });
  cy.on('tap', 'node', function (evt) {
    if (evt.target.isParent()) { return; }
    window.location.href = orgUrl.replace('__slug__', evt.target.data('slug'));
  });
})();
